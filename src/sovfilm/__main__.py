"""`python -m sovfilm`: the same as the `sovfilm` command."""

import sys

try:
    from sovfilm.cli import main
except KeyboardInterrupt:  # Ctrl-C while importing: exit as an interrupted command would
    sys.exit(130)

if __name__ == "__main__":
    main()
