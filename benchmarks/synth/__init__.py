"""Independent synthetic hold-out generator for gongkai (truth, prose, renderers, planted errors).

Nothing here is read from real reports: agencies, prose and values are invented, and the
layouts only mimic how real files serialise tables (one cell per line, tabs, pipes, …).
"""

from .truth import Truth, make_truth

__all__ = ["Truth", "make_truth"]
