using System.Reflection;

namespace Ledger.Cli;

/// <summary>
/// Takes, before any database is opened, the file descriptors the runtime would otherwise take in the middle of a run,
/// when open databases may hold every descriptor the process may have (<c>ulimit -n</c>, e.g. with a high
/// <c>--parallel</c>). .NET loads an assembly the first time code that uses it runs, and holds two file descriptors for
/// each one: a run that reached the limit ended with "could not load file or assembly", naming a library instead of the
/// real cause, and without its summary. Loaded here, assemblies cost the same descriptors, taken while they are
/// plentiful; a database that then cannot be opened fails on its own, with the operating system's reason.
/// </summary>
internal static class Preload
{
    /// <summary>
    /// Framework assemblies that framework code loads on first use while databases are open (found by watching
    /// <see cref="AppDomain.AssemblyLoad"/> during runs): the thread pool's, when it adds a worker in the fan-out.
    /// </summary>
    private static readonly string[] LoadedByTheFramework = ["System.Threading.ThreadPool"];

    /// <summary>
    /// Loads every assembly that Ledger's own assemblies and the libraries shipped beside them reference (not what
    /// framework assemblies reference in turn: that would load a hundred assemblies and hold twice as many descriptors),
    /// and <see cref="LoadedByTheFramework"/>.
    /// </summary>
    public static void Assemblies()
    {
        string home = Path.GetFullPath(AppContext.BaseDirectory);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<Assembly>([typeof(Preload).Assembly]);
        while (pending.TryDequeue(out Assembly? next))
        {
            IEnumerable<AssemblyName> names = next.GetReferencedAssemblies();
            if (next == typeof(Preload).Assembly) names = names.Concat(LoadedByTheFramework.Select(n => new AssemblyName(n)));
            foreach (AssemblyName name in names)
            {
                if (name.Name is null || !seen.Add(name.Name)) continue;
                try
                {
                    Assembly loaded = Assembly.Load(name);
                    if (loaded.Location.StartsWith(home, StringComparison.Ordinal)) pending.Enqueue(loaded);
                }
                catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
                {
                    // A reference no code path on this platform uses.
                }
            }
        }
    }

    /// <summary>
    /// Starts the thread pool (its gate thread and a first worker). Starting a thread takes file descriptors for a
    /// moment; the runtime ends the process ("Failed to create the thread pool Gate thread") when it cannot start
    /// that one, which it otherwise does on the pool's first use, in the middle of the fan-out.
    /// </summary>
    public static void ThreadPool() => Task.Run(() => { }).Wait();
}
