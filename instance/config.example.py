# Parley settings for this machine. Copy to instance/config.py; environment variables win.
# SECRET_KEY = "a long random string"          # make run writes instance/secret_key instead
# SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://parley@localhost/parley"   # or DATABASE_URL
# PARLEY_ENV = "production"                    # "development" allows plain-http cookies
# SMTP_HOST = "smtp.example.org"               # reminders; without it they go to instance/outbox/
# SMTP_PORT = 587
# SMTP_USER = "parley"
# SMTP_PASSWORD = "..."
# MAIL_FROM = "parley@example.org"
