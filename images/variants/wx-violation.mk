# hardened with its text mapped writable as well as executable at run
# time, as a kernel that patches its own code in place would keep it.  The
# ELF segments are still R X: only a walk of the live page tables sees it.
V_ROLE    := twin
V_WX_TEXT := 1
V_FLAW    := the text is mapped writable and executable (an RWX mapping)
