# Two commands on a fresh Debian 12, as root:
#   make run    install what is missing, build, audit this machine
#   make test   install what is missing, build twice (gcc -Werror; clang ASan+UBSan with the
#               fuzz targets), run every test under both
# and to install (meson install underneath; PREFIX is baked into the build, DESTDIR stages it):
#   make install [PREFIX=/usr/local] [DESTDIR=/tmp/stage]
#   make deb     the Debian package (dpkg-buildpackage -us -uc -b; the .deb lands in ..)
BUILD      ?= build
PREFIX     ?= /usr/local
DESTDIR    ?=
SAN_BUILD  ?= build-san
MESON      ?= meson
ARGS       ?=

.PHONY: all deps test-deps build san-build run test test-build test-san fuzz bench clean install deb

all: build

deps:
	@scripts/install-deps.sh build

test-deps:
	@scripts/install-deps.sh test

$(BUILD)/build.ninja:
	$(MESON) setup $(BUILD) --buildtype=debugoptimized -Dwerror=true -Db_lto=true --prefix=$(PREFIX)

$(SAN_BUILD)/build.ninja:
	CC=clang $(MESON) setup $(SAN_BUILD) --buildtype=debug -Dwerror=true -Dfuzzing=true \
		-Db_sanitize=address,undefined -Db_lundef=false -Db_lto=false

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

san-build: test-deps $(SAN_BUILD)/build.ninja
	ninja -C $(SAN_BUILD)

# The binary, the mail module, the ja catalogue, the man pages, the bash completion, the example
# configuration (share/doc/kyuka/examples), the watch job's systemd units (disabled) and
# /var/lib/kyuka (0700). A build configured for another prefix is reconfigured first.
install: build
	@prefix=$$($(MESON) introspect --buildoptions $(BUILD) | python3 -c \
		'import json, sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"))'); \
	if [ "$$prefix" != "$(PREFIX)" ]; then $(MESON) configure $(BUILD) -Dprefix=$(PREFIX) && ninja -C $(BUILD); fi
	$(MESON) install -C $(BUILD) --no-rebuild $(if $(DESTDIR),--destdir $(abspath $(DESTDIR)))

deb:
	dpkg-buildpackage -us -uc -b

run: build
	./$(BUILD)/kyuka audit $(ARGS); status=$$?; [ $$status -le 1 ] || exit $$status

test: test-deps build san-build
	$(MESON) test -C $(BUILD) --print-errorlogs --num-processes 2
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ASAN_OPTIONS=detect_leaks=1 \
		$(MESON) test -C $(SAN_BUILD) --print-errorlogs --num-processes 2

# Fuzz every target for FUZZ_SECONDS each (not part of make test).
FUZZ_SECONDS ?= 120
fuzz: san-build
	@for f in $(SAN_BUILD)/fuzz/fuzz_*; do \
		n=$${f##*/fuzz_}; mkdir -p /tmp/kyuka-fuzz/$$n; \
		echo "== $$n"; $$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 \
			/tmp/kyuka-fuzz/$$n fuzz/corpus/$$n 2>&1 | tail -n 2; \
	done

bench: build
	bench/audit.sh

clean:
	rm -rf $(BUILD) $(SAN_BUILD)
