/*
 * The built-in list of common passwords, most common first: the top of the
 * public breach statistics, keyboard walks (QWERTY as used in Japan, and
 * number-row patterns), defaults of appliances and services, and words a
 * Japanese office chooses: romaji greetings and words, names, places,
 * characters, companies, and the Japanese forms of "password" and "admin".
 * Seasons and years (Winter2026!) are generated in pwguess.c.
 */
#include "engines/pwguess.h"

const char *const pwg_common[] = {
	/* the top of every breach list */
	"123456", "password", "12345678", "qwerty", "123456789", "12345", "1234", "111111", "1234567",
	"dragon", "123123", "baseball", "abc123", "football", "monkey", "letmein", "696969", "shadow",
	"master", "666666", "qwertyuiop", "123321", "mustang", "1234567890", "michael", "654321",
	"superman", "1qaz2wsx", "7777777", "121212", "000000", "qazwsx", "123qwe", "killer", "trustno1",
	"jordan", "jennifer", "zxcvbnm", "asdfgh", "hunter", "buster", "soccer", "harley", "batman",
	"andrew", "tigger", "sunshine", "iloveyou", "2000", "charlie", "robert", "thomas", "hockey",
	"ranger", "daniel", "starwars", "klaster", "112233", "george", "computer", "michelle", "jessica",
	"pepper", "1111", "zxcvbn", "555555", "11111111", "131313", "freedom", "777777", "pass", "maggie",
	"159753", "aaaaaa", "ginger", "princess", "joshua", "cheese", "amanda", "summer", "love",
	"ashley", "nicole", "chelsea", "biteme", "matthew", "access", "yankees", "987654321", "dallas",
	"austin", "thunder", "taylor", "matrix", "password1", "password123", "passw0rd", "p@ssw0rd",
	"P@ssw0rd", "Passw0rd", "Passw0rd!", "P@ssw0rd!", "P@$$w0rd", "Password", "Password1",
	"Password1!", "Password123", "Password123!", "password!", "pass123", "pass1234", "passwd",
	"secret", "welcome", "welcome1", "Welcome1", "Welcome1!", "welcome123", "changeme", "changeit",
	"default", "letmein1", "login", "qwerty123", "qwerty1", "Qwerty123", "Qwerty123!", "1q2w3e4r",
	"1q2w3e4r5t", "1q2w3e", "q1w2e3r4", "1qazxsw2", "zaq12wsx", "zaq1xsw2", "!qaz2wsx", "1qaz@wsx",
	"1qaz!qaz", "qweasd", "qweasdzxc", "asdfghjkl", "asdf1234", "asdf", "qwer1234", "abcd1234",
	"abcdef", "abcdefg", "abc12345", "aa123456", "a123456", "a12345678", "123abc", "1234qwer",
	"11111", "1111111", "123", "12341234", "147258369", "147258", "159357", "1234554321", "0123456789",
	"987654", "88888888", "99999999", "00000000", "246810", "13579", "2468", "5201314", "123654",
	"iloveyou1", "loveyou", "lovely", "flower", "hello", "hello123", "hello1", "test", "test123",
	"test1234", "testing", "guest", "user", "user123", "demo", "sample", "temp", "temp123", "tmp",
	/* administrators and appliances */
	"admin", "admin123", "admin1234", "Admin123", "Admin123!", "admin1", "administrator", "root",
	"toor", "root123", "rootroot", "adminadmin", "system", "manager", "operator", "support",
	"service", "server", "debian", "ubuntu", "linux", "centos", "redhat", "raspberry", "oracle",
	"postgres", "mysql", "vagrant", "docker", "ansible", "jenkins", "tomcat", "cisco", "ciscocisco",
	"zabbix", "nagios", "backup", "ftp", "www", "web", "webadmin", "sysadmin", "netadmin",
	/* Japanese: words for password, admin, the office */
	"pasuwado", "pasuwaado", "pasuwa-do", "himitsu", "kanri", "kanrisha", "kanrinin", "kanri123",
	"shain", "jimu", "jimusho", "kaisha", "kaigi", "shigoto", "eigyou", "eigyo", "soumu", "somu",
	"keiri", "jinji", "honsha", "shisha", "shachou", "shacho", "buchou", "kachou", "tantou",
	"kyuuka", "kyuka", "yasumi", "natsuyasumi", "fuyuyasumi", "shougatsu", "oshougatsu", "nenmatsu",
	"nenshi", "otsukare", "otsukaresama", "yoroshiku", "onegai", "arigatou", "arigato",
	"konnichiwa", "konbanwa", "ohayou", "ohayo", "sayonara", "ganbare", "ganbatte", "daijoubu",
	"daisuki", "aishiteru", "suki", "kawaii", "sugoi", "genki", "tanoshii", "shiawase", "kokoro",
	"yume", "hikari", "sora", "umi", "yama", "kaze", "hana", "tsuki", "hoshi", "niji", "yuki",
	"sakura", "momiji", "fuji", "fujisan", "neko", "inu", "tora", "ryu", "kitsune", "usagi",
	"nezumi", "tanuki", "ramen", "sushi", "tempura", "udon", "sake", "ocha", "gohan", "mikan",
	"nihon", "nippon", "japan", "Japan", "japan123", "tokyo", "Tokyo", "tokyo123", "osaka",
	"kyoto", "nagoya", "yokohama", "sapporo", "fukuoka", "kobe", "sendai", "hiroshima", "okinawa",
	"hokkaido", "shibuya", "shinjuku", "akihabara", "samurai", "ninja", "shogun", "bushido",
	"katana", "sensei", "senpai", "otaku", "anime", "manga",
	/* characters, games and teams */
	"doraemon", "pikachu", "pokemon", "totoro", "gundam", "naruto", "sasuke", "goku", "onepiece",
	"luffy", "conan", "anpanman", "kitty", "hellokitty", "mario", "zelda", "godzilla", "ultraman",
	"kamen", "rilakkuma", "kumamon", "evangelion", "tigers", "giants", "hanshin", "carp",
	"hawks", "swallows",
	/* names (family and given) */
	"sato", "suzuki", "takahashi", "tanaka", "watanabe", "ito", "yamamoto", "nakamura",
	"kobayashi", "kato", "yoshida", "yamada", "sasaki", "yamaguchi", "matsumoto", "inoue",
	"kimura", "hayashi", "shimizu", "saito", "hiroshi", "takashi", "takeshi", "kenji", "akira",
	"satoshi", "daisuke", "taro", "hanako", "yuuki", "yuki123", "haruka", "yui", "aoi", "ren",
	"sota", "hina", "miku", "kenta", "shota", "naoki", "tomoko", "yoko", "keiko", "akiko", "mayumi",
	/* Japanese keyboard and number habits */
	"aiueo", "aiueo123", "abcde", "asdfg", "qwert", "yuiop", "zxcvb", "poiuytrewq", "mnbvcxz",
	"0000", "1122", "8888", "3333", "1010", "0123", "4649", "39", "3939", "0721", "1192", "794",
	"2525", "5963", "8181",
};

const size_t pwg_n_common = sizeof(pwg_common) / sizeof(pwg_common[0]);
