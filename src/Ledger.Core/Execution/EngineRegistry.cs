namespace Ledger.Execution;

/// <summary>
/// The engines a run may use, by name (<c>"engine"</c> of a scope; <c>sqlite</c> when a scope names none). The host
/// (the command line, or an application using Ledger as a library) registers the engines it ships; Core knows none.
/// </summary>
public sealed class EngineRegistry
{
    private readonly Dictionary<string, IDatabaseEngine> _engines = new(StringComparer.Ordinal);

    /// <summary>Creates a registry of these engines.</summary>
    public EngineRegistry(params IEnumerable<IDatabaseEngine> engines)
    {
        foreach (IDatabaseEngine engine in engines)
        {
            if (!_engines.TryAdd(engine.Name, engine)) throw new ArgumentException($"engine '{engine.Name}' is registered twice", nameof(engines));
        }
    }

    /// <summary>The registered names, in order.</summary>
    public IReadOnlyList<string> Names => _engines.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>The lint rules of every registered engine that has some (<see cref="IDatabaseEngine.TryGet{T}"/>).</summary>
    public IReadOnlyList<Linting.IEngineLintRules> LintRules =>
        _engines.Values.Select(e => e.TryGet<Linting.IEngineLintRules>()).OfType<Linting.IEngineLintRules>().ToArray();

    /// <summary>The engine of that name, or null.</summary>
    public IDatabaseEngine? Find(string name) => _engines.GetValueOrDefault(name);

    /// <summary>The engine of that name.</summary>
    /// <exception cref="KeyNotFoundException">No engine of that name is registered (configuration is checked before this is asked).</exception>
    public IDatabaseEngine Get(string name) =>
        Find(name) ?? throw new KeyNotFoundException($"no engine '{name}' (registered: {string.Join(", ", Names)})");
}
