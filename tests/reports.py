"""Monthly reports for tests: complete ones, as the public page and the level need them."""

from villages.figures import REPORT_FIELDS


def complete(**figures):
    """Every figure of a complete report: 0 unless given."""
    return {field: 0 for field in REPORT_FIELDS} | figures
