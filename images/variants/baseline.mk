# The unhardened reference: fixed layout, no stack protector, no W^X (no
# RELRO, executable stack), not a PIE (ET_EXEC), no
# endbr64; the RNG is the real one.  What every suite should score worst.
V_ROLE     := product
V_ASLR     := 0
V_CANARY   := none
V_WX       := 0
V_CET      := 0
V_PIE      := 0
