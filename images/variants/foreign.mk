# Stands in for a third-party unikernel (Unikraft-like): multiboot v1, no
# HB1, free-format lines with \r\n, exit 41/42 on port 0x501.  Same
# hardened layout underneath, so its printed addresses are really random.
V_ROLE     := product
V_MAIN     := foreign
V_BOOT     := multiboot
V_PROTOCOL := none
V_EXIT     := "port":"0x501","ok":83,"crash":85
V_PATTERNS := "addr.stack":"stack at 0x([0-9a-f]+)","addr.heap":"heap at 0x([0-9a-f]+)","addr.base":"base at 0x([0-9a-f]+)","done":"foreign: done"
