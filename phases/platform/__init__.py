"""The platform under the process: sign-in (OpenID Connect, usernames), backup (export and
restore of a project), mail in the recipient's language, notification digests."""
