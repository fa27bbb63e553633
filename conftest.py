"""The repository's own test configuration (the plugin itself is loaded through its entry point)."""

# Examples are migrations, not tests: their seed modules and mutants run only through the harness.
collect_ignore = ["examples", "benchmarks"]
