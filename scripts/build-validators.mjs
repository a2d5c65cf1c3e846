// Build step placeholder replaced by the spec loader's precompiled validators.
