"""Helpers the test modules share: fakes, the spec oracle, seeded worlds, example arguments, clocks.

Nothing here is collected as a test; a helper used by two test modules lives here once instead of
one test module importing another.
"""
