# SPDX-License-Identifier: GPL-3.0-or-later
# The host program: build/hardboot, its unit tests, a sanitizer build and
# the libFuzzer targets.  The core lives in runner/, each suite's code in
# suites/NAME/ (docs/hacking.md); every .c of both but runner/main.c is
# library code shared by all four builds.  Tests are runner/tests/test_*.c
# and suites/*/tests/test_*.c, fuzz targets runner/fuzz/fuzz_*.c and
# suites/*/fuzz/fuzz_*.c; object and binary names are the file names,
# unique across folders.

SUITE_DIRS     := $(patsubst %/,%,$(sort $(dir $(wildcard suites/*/*.c))))
HOST_DIRS      := runner $(SUITE_DIRS)
HOST_INC       := $(patsubst %,-I%,$(HOST_DIRS))
vpath %.c $(HOST_DIRS) runner/tests $(patsubst %,%/tests,$(SUITE_DIRS)) \
	runner/fuzz $(patsubst %,%/fuzz,$(SUITE_DIRS))

RUNNER_LIB_SRC := $(filter-out runner/main.c,$(wildcard runner/*.c)) \
	$(foreach d,$(SUITE_DIRS),$(wildcard $(d)/*.c))
RUNNER_HDR     := $(wildcard runner/*.h include/hardboot/*.h) \
	$(foreach d,$(SUITE_DIRS),$(wildcard $(d)/*.h))
RUNNER_LIB_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(notdir $(RUNNER_LIB_SRC)))
RUNNER_SAN_OBJ := $(patsubst %.c,$(BUILD)/asan/%.o,$(notdir $(RUNNER_LIB_SRC)))
UNIT_SRC       := $(wildcard runner/tests/test_*.c suites/*/tests/test_*.c)
UNIT_BIN       := $(patsubst %.c,$(BUILD)/tests/%,$(notdir $(UNIT_SRC)))
UNIT_SAN_BIN   := $(patsubst %.c,$(BUILD)/asan/tests/%,$(notdir $(UNIT_SRC)))
FUZZ_SRC       := $(wildcard runner/fuzz/fuzz_*.c suites/*/fuzz/fuzz_*.c)
FUZZ_BIN       := $(patsubst %.c,$(BUILD)/fuzz/%,$(notdir $(FUZZ_SRC)))
RUNNER_CFLAGS   = $(HOST_CFLAGS) $(HOST_INC)

runner: $(BUILD)/hardboot
unit-build: $(UNIT_BIN) $(UNIT_SAN_BIN) $(BUILD)/asan/hardboot
fuzz-build: $(FUZZ_BIN)

$(BUILD)/obj/%.o: %.c $(RUNNER_HDR) | pkg-check
	@mkdir -p $(@D)
	$(CC) $(RUNNER_CFLAGS) -c -o $@ $<

$(BUILD)/asan/%.o: %.c $(RUNNER_HDR) | pkg-check
	@mkdir -p $(@D)
	$(CC) $(RUNNER_CFLAGS) $(SAN_FLAGS) -c -o $@ $<

$(BUILD)/hardboot: runner/main.c $(RUNNER_LIB_OBJ) $(RUNNER_HDR)
	$(CC) $(RUNNER_CFLAGS) -o $@ runner/main.c $(RUNNER_LIB_OBJ) $(HOST_LDLIBS)

$(BUILD)/asan/hardboot: runner/main.c $(RUNNER_SAN_OBJ) $(RUNNER_HDR)
	$(CC) $(RUNNER_CFLAGS) $(SAN_FLAGS) -o $@ runner/main.c $(RUNNER_SAN_OBJ) $(HOST_LDLIBS)

$(BUILD)/tests/%: %.c $(RUNNER_LIB_OBJ) runner/tests/unit.h
	@mkdir -p $(@D)
	$(CC) $(RUNNER_CFLAGS) -Irunner/tests -o $@ $< $(RUNNER_LIB_OBJ) $(HOST_LDLIBS)

$(BUILD)/asan/tests/%: %.c $(RUNNER_SAN_OBJ) runner/tests/unit.h
	@mkdir -p $(@D)
	$(CC) $(RUNNER_CFLAGS) -Irunner/tests $(SAN_FLAGS) -o $@ $< $(RUNNER_SAN_OBJ) $(HOST_LDLIBS)

# libFuzzer needs clang.  The library is compiled once with coverage
# instrumentation (fuzzer-no-link) and every target links against it.
RUNNER_FUZZ_OBJ := $(patsubst %.c,$(BUILD)/fuzzobj/%.o,$(notdir $(RUNNER_LIB_SRC)))
FUZZ_CFLAGS      = $(filter-out -Werror,$(RUNNER_CFLAGS)) -Wno-unknown-warning-option
# A UBSan report stops the run like a crash: with recovery on, undefined
# behaviour is logged and the fuzzer exits 0.
FUZZ_SAN         = -fno-sanitize-recover=all

$(BUILD)/fuzzobj/%.o: %.c $(RUNNER_HDR) | pkg-check
	@mkdir -p $(@D)
	$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined $(FUZZ_SAN) -c -o $@ $<

$(BUILD)/fuzz/%: %.c $(RUNNER_FUZZ_OBJ) $(RUNNER_HDR)
	@mkdir -p $(@D)
	$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer,address,undefined $(FUZZ_SAN) -o $@ $< $(RUNNER_FUZZ_OBJ) $(HOST_LDLIBS)

unit: $(UNIT_BIN) $(UNIT_SAN_BIN)
	@for t in $(UNIT_BIN) $(UNIT_SAN_BIN); do echo "# $$t"; $$t || exit 1; done

# Benchmarks in C (bench/*.c), linked with the runner library like the
# unit tests; bench/*.sh build them with `make bench-build`.
BENCH_SRC      := $(wildcard bench/*.c)
BENCH_BIN      := $(patsubst bench/%.c,$(BUILD)/bench/%,$(BENCH_SRC))

bench-build: $(BENCH_BIN)

$(BUILD)/bench/%: bench/%.c $(RUNNER_LIB_OBJ) $(RUNNER_HDR)
	@mkdir -p $(@D)
	$(CC) $(RUNNER_CFLAGS) -o $@ $< $(RUNNER_LIB_OBJ) $(HOST_LDLIBS)

# The git revision, for `hardboot --version` and run.json: rewritten only
# when it changed, so a build without changes relinks nothing.
$(BUILD)/version-rev.h: FORCE
	@mkdir -p $(@D)
	@rev=$$(git rev-parse HEAD 2>/dev/null || echo unknown); \
	 if [ "$$rev" != unknown ] && ! git diff --quiet HEAD -- 2>/dev/null; then rev="$$rev-dirty"; fi; \
	 echo "#define HB_GIT_REV \"$$rev\"" >$@.tmp; \
	 if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(BUILD)/obj/version.o $(BUILD)/asan/version.o $(BUILD)/fuzzobj/version.o: $(BUILD)/version-rev.h

.PHONY: FORCE
FORCE:
