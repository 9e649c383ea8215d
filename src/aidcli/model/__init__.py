"""What every layer shares: the errors that carry their exit code, the schema read from
datapackage.json, the result model (Section, Result), column sets, dates, text made safe, quotes
without the seed's Markdown, hedging words, fast frame operations and the version. Imports no
other layer of aidcli."""
