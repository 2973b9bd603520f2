namespace Ledger.Execution;

/// <summary>
/// The engines a run may use, by name (<c>"engine"</c> of a scope; <c>sqlite</c> when a scope names none). The host
/// (the command line, or an application using Ledger as a library) registers the engines it ships; Core knows none.
/// </summary>
public sealed class EngineRegistry
{
    private readonly Dictionary<string, IDatabaseEngine> _engines = new(StringComparer.Ordinal);
    private readonly IDatabaseEngine? _default;

    /// <summary>Creates a registry of these engines.</summary>
    public EngineRegistry(params IEnumerable<IDatabaseEngine> engines)
    {
        foreach (IDatabaseEngine engine in engines)
        {
            if (!_engines.TryAdd(engine.Name, engine)) throw new ArgumentException($"engine '{engine.Name}' is registered twice", nameof(engines));
            _default ??= engine;
        }
    }

    /// <summary>The engine of a scope that names none: the first registered.</summary>
    public IDatabaseEngine Default => _default ?? throw new InvalidOperationException("no engine is registered");

    /// <summary>The registered names, in order.</summary>
    public IReadOnlyList<string> Names => _engines.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>The lint rules of every registered engine that has some (<see cref="IDatabaseEngine.TryGet{T}"/>).</summary>
    public IReadOnlyList<Linting.IEngineLintRules> LintRules =>
        _engines.Values.Select(e => e.TryGet<Linting.IEngineLintRules>()).OfType<Linting.IEngineLintRules>().ToArray();

    /// <summary>The engine of that name (null: <see cref="Default"/>), or null when none is registered by that name.</summary>
    public IDatabaseEngine? Find(string? name) => name is null ? _default : _engines.GetValueOrDefault(name);

    /// <summary>
    /// Why a scope may not name <paramref name="name"/> (<c>unknown engine 'x'; did you mean 'y'? (engines: …)</c>), or
    /// null when that engine is registered. The one wording, for the host's checks and lint's.
    /// </summary>
    public string? Unknown(string? name)
    {
        if (Find(name) is not null) return null;
        string? close = Text.EditDistance.Closest(name ?? "", Names);
        return $"unknown engine '{name}'" + (close is null ? "" : $"; did you mean '{close}'?") + $" (engines: {string.Join(", ", Names)})";
    }

    /// <summary>The engine of that name.</summary>
    /// <exception cref="KeyNotFoundException">No engine of that name is registered (configuration is checked before this is asked).</exception>
    public IDatabaseEngine Get(string? name) =>
        Find(name) ?? throw new KeyNotFoundException($"no engine '{name}' (registered: {string.Join(", ", Names)})");
}
