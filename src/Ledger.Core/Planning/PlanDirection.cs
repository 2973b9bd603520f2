namespace Ledger.Planning;

/// <summary>Which way a plan moves a database along the version line.</summary>
public enum PlanDirection
{
    /// <summary><c>apply</c>: up blocks, oldest first; each step records its journal row.</summary>
    Up,

    /// <summary><c>rollback</c>: down blocks, newest first; each step deletes its journal row.</summary>
    Down,
}
