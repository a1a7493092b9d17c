"""What every app shares and no domain owns (DESIGN.md section 3). Imports no app of the project."""
