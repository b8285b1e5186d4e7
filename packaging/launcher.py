"""The bundle's entry point: the same command line as `asahi-desk` installed from source."""

from asahi_desk.cli import main

raise SystemExit(main())
