"""The library's schema revisions, oldest first: ``r0001_baseline`` (organisations, accounts,
scenarios, versions, drafts, plans and their files), ``r0002_sign_in`` (sessions, failed sign-ins,
the signing secret)."""
