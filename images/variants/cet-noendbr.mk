# hardened with the #CP entry stub (images/cfi.S, an interrupt handler
# whose address goes into the IDT) assembled without its endbr64.  The
# object still carries the IBT property note, so the linked image claims
# IBT: a check that reads only the note passes it.  Under IBT every #CP
# (and int $21) would fault again on delivery and shut the machine down.
V_ROLE    := twin
V_NOENDBR := 1
V_FLAW    := an address-taken function (the control-protection fault entry stub) lacks ENDBR64 while the note claims IBT
