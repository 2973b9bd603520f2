namespace Ledger;
/// <summary>x</summary>
public static class Placeholder { }
