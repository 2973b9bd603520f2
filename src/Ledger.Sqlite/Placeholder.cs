namespace Ledger.Sqlite;
/// <summary>x</summary>
public static class Placeholder { }
