V_ROLE   := twin
V_CANARY := const
V_FLAW   := stack canary is a build-time constant
