"""The user's job applications: a status, a deadline, notes and dates for each job."""
