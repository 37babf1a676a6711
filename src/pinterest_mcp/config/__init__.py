"""Settings and where they come from: the settings model, the config file and the platform folders."""
