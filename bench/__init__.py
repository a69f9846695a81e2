"""The benchmark (bench/README.md): a data generator, a runner, and their bench-only settings."""
