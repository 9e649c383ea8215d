"""The questions: names typed by a person resolved, the filter table, the counting rules (the
only copy) and how sure a sum is, and the answers (rows, sums, comparisons, profiles, records,
citations) as Results. Imports model/ and loading/, never output/ or the command line."""
