/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Facts of a suite's run that no analysis states but a nightly must not
 * lose silently, stated as metric records when `hardboot suite` writes
 * its records (compare reads records only, never boots.jsonl):
 *
 *   section_state        SECTION        ran | skipped (run.json), fact
 *   accelerator          SECTION        kvm | tcg, with accel_why, fact
 *   seed_source          SECTION        the sources the guests announced, fact
 *   check_failure_rate   SECTION/CHECK  boots whose in-guest check failed, rate
 *   check_skip_rate      SECTION/CHECK  boots that skipped it, skips
 */
#ifndef HB_RUNNER_FACTS_H
#define HB_RUNNER_FACTS_H

#include <jansson.h>
#include <stddef.h>

/* The facts of results directory dir appended to out; 0 or -errno with
 * the file at fault in err. */
int facts_records(const char *dir, json_t *out, char *err, size_t n);
/* A seed source's class for the seed_source fact: "hardware" for the
 * CPU's generators (rdseed, rdrand, rndrrs, rndr), else the source. */
const char *facts_source_class(const char *src);

#endif
