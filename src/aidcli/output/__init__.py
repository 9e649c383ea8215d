"""Writing a Result: the format table, the writers (terminal tables through Rich, CSV, JSON,
xlsx, SQLite...), the cut of a table for printing, the pager and files written whole or not at
all. Imports only model/."""
