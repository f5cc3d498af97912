from spacetui.cli.main import main

raise SystemExit(main())
