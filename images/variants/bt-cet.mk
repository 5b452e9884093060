# Boot-time suite: baseline plus one hardening, CET: -fcf-protection=full
# (endbr64), the shadow stack mapped, and CET switched on where the CPU
# shows it (never under QEMU 7.2: then this prices the build and the setup).
V_ROLE        := test
V_ASLR        := 0
V_CANARY      := none
V_WX          := 0
V_CET         := 1
V_PIE         := 0
