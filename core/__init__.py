"""What every app shares and no domain owns: client address, throttles, anti-bot checks, exports, mail.

`core` imports no app of the project (an import-linter contract enforces it).
"""
