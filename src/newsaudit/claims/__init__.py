"""Claims: check-worthiness and subjectivity classifiers for sentences (and, later, claim units)."""
