# SPDX-License-Identifier: GPL-3.0-or-later
# The host runner: build/hardboot, its unit tests, a sanitizer build and the
# libFuzzer targets.  Every runner/*.c but main.c is library code shared by
# all four.

RUNNER_LIB_SRC := $(filter-out runner/main.c,$(wildcard runner/*.c))
RUNNER_HDR     := $(wildcard runner/*.h include/hardboot/*.h)
RUNNER_LIB_OBJ := $(patsubst runner/%.c,$(BUILD)/obj/%.o,$(RUNNER_LIB_SRC))
RUNNER_SAN_OBJ := $(patsubst runner/%.c,$(BUILD)/asan/%.o,$(RUNNER_LIB_SRC))
UNIT_SRC       := $(wildcard runner/tests/test_*.c)
UNIT_BIN       := $(patsubst runner/tests/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
UNIT_SAN_BIN   := $(patsubst runner/tests/%.c,$(BUILD)/asan/tests/%,$(UNIT_SRC))
FUZZ_SRC       := $(wildcard runner/fuzz/fuzz_*.c)
FUZZ_BIN       := $(patsubst runner/fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRC))

runner: $(BUILD)/hardboot
unit-build: $(UNIT_BIN) $(UNIT_SAN_BIN) $(BUILD)/asan/hardboot
fuzz-build: $(FUZZ_BIN)

$(BUILD)/obj/%.o: runner/%.c $(RUNNER_HDR) | pkg-check
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -c -o $@ $<

$(BUILD)/asan/%.o: runner/%.c $(RUNNER_HDR) | pkg-check
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(SAN_FLAGS) -c -o $@ $<

$(BUILD)/hardboot: runner/main.c $(RUNNER_LIB_OBJ) $(RUNNER_HDR)
	$(CC) $(HOST_CFLAGS) -o $@ runner/main.c $(RUNNER_LIB_OBJ) $(HOST_LDLIBS)

$(BUILD)/asan/hardboot: runner/main.c $(RUNNER_SAN_OBJ) $(RUNNER_HDR)
	$(CC) $(HOST_CFLAGS) $(SAN_FLAGS) -o $@ runner/main.c $(RUNNER_SAN_OBJ) $(HOST_LDLIBS)

$(BUILD)/tests/%: runner/tests/%.c $(RUNNER_LIB_OBJ) runner/tests/unit.h
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $< $(RUNNER_LIB_OBJ) $(HOST_LDLIBS)

$(BUILD)/asan/tests/%: runner/tests/%.c $(RUNNER_SAN_OBJ) runner/tests/unit.h
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(SAN_FLAGS) -o $@ $< $(RUNNER_SAN_OBJ) $(HOST_LDLIBS)

# libFuzzer needs clang.  The library is compiled once with coverage
# instrumentation (fuzzer-no-link) and every target links against it.
RUNNER_FUZZ_OBJ := $(patsubst runner/%.c,$(BUILD)/fuzzobj/%.o,$(RUNNER_LIB_SRC))
FUZZ_CFLAGS     := $(filter-out -Werror,$(HOST_CFLAGS)) -Wno-unknown-warning-option

$(BUILD)/fuzzobj/%.o: runner/%.c $(RUNNER_HDR) | pkg-check
	@mkdir -p $(@D)
	$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined -c -o $@ $<

$(BUILD)/fuzz/%: runner/fuzz/%.c $(RUNNER_FUZZ_OBJ) $(RUNNER_HDR)
	@mkdir -p $(@D)
	$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer,address,undefined -o $@ $< $(RUNNER_FUZZ_OBJ) $(HOST_LDLIBS)

unit: $(UNIT_BIN) $(UNIT_SAN_BIN)
	@for t in $(UNIT_BIN) $(UNIT_SAN_BIN); do echo "# $$t"; $$t || exit 1; done

# Benchmarks in C (bench/*.c), linked with the runner library like the
# unit tests; bench/*.sh build them with `make bench-build`.
BENCH_SRC      := $(wildcard bench/*.c)
BENCH_BIN      := $(patsubst bench/%.c,$(BUILD)/bench/%,$(BENCH_SRC))

bench-build: $(BENCH_BIN)

$(BUILD)/bench/%: bench/%.c $(RUNNER_LIB_OBJ) $(RUNNER_HDR)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $< $(RUNNER_LIB_OBJ) $(HOST_LDLIBS)

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
