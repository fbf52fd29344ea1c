"""`make bench`: named measurements, each against a floor measured in the same run."""
