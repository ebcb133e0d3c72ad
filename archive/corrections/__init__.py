"""Staff corrections to the archive: plain functions the admin calls, each one recorded and re-indexed.

Nothing here imports the admin, so the same corrections can be made from a shell or a command.
"""


class CorrectionError(Exception):
    """A correction that cannot be made as asked, with the reason to show the person."""
