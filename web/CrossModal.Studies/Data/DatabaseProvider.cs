namespace CrossModal.Studies.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
