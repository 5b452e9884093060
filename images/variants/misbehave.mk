# Test-only: do=MODE on the command line picks a failure for the runner's
# own tests (docs/images.md lists the modes).
V_ROLE  := test
V_MAIN  := misbehave
V_MODES := hang crash triple garbage longline nul sse noexit wrongexit smash
