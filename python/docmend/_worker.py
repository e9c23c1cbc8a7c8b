"""A worker process of :class:`docmend.Pool`: serves the batch protocol of
the ``docmend`` command (``docmend worker``) on standard input and output
until its input ends. Started by the pool, never by hand."""

import signal
import sys


def main() -> int:
    """Serves requests; the exit status (0 when the input ended)."""
    # Interrupted with its batch (Ctrl-C reaches the whole process group),
    # the worker ends at once, as `docmend worker` does.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    from docmend import _docmend

    return _docmend.serve()


if __name__ == "__main__":
    sys.exit(main())
