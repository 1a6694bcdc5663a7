"""The register: everything the paper and the dashboard read, in one workbook dated in its own
terms, to go live on a team's own data (issue 18): its export and import, and the
reconciliation of the history it brings against the figures the papers already published."""
