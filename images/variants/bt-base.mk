# Boot-time suite: baseline plus one hardening, a random image base (20
# bits).  The image relocates itself either way, so this is the draw and
# the different base alone; a PIE link is what makes it possible in
# general and is priced by hardened against baseline.
V_ROLE        := test
V_ASLR        := 1
V_STACK_BITS  := 0
V_HEAP_BITS   := 0
V_CANARY      := none
V_WX          := 0
V_CET         := 0
V_PIE         := 0
