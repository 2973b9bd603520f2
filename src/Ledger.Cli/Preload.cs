using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Ledger.Cli;

/// <summary>
/// Takes, before any database is opened, the file descriptors the runtime would otherwise take in the middle of a run,
/// when open databases may hold every descriptor the process may have (<c>ulimit -n</c>, e.g. with a high
/// <c>--parallel</c>). .NET loads an assembly the first time code that uses it runs, and holds two file descriptors for
/// each one: a run that reached the limit ended with "could not load file or assembly", naming a library instead of the
/// real cause, and without its summary. Loaded here, assemblies cost the same descriptors, taken while they are
/// plentiful; a database that then cannot be opened fails on its own, with the operating system's reason.
/// <para>
/// The native build (Native AOT, <c>PublishAot</c>) has no assemblies to load: all code is compiled into the one
/// executable, which takes no descriptor for it later in a run. The assembly walk reads assembly references and file
/// paths, which a trimmed native executable has not got, so it sits behind the feature switch
/// <see cref="LoadsAssemblies"/>: Ledger.Cli.csproj turns it off for the native compilation, and the compiler then
/// drops that code (and does not warn about it); a JIT build keeps it on. The thread pool is started in both builds.
/// </para>
/// </summary>
internal static class Preload
{
    /// <summary>The name of the feature switch, set to false by the native build (Ledger.Cli.csproj).</summary>
    private const string AssembliesSwitch = "Ledger.Cli.Preload.Assemblies";

    /// <summary>
    /// True when the process runs from assembly files (a JIT build): the switch is unset, and loading them here is what
    /// holds their descriptors. The native build sets it to false; the compiler treats the property as that constant,
    /// so what it guards (reflection over assembly references, and assembly file paths) is not compiled in.
    /// </summary>
    [FeatureSwitchDefinition(AssembliesSwitch)]
    [FeatureGuard(typeof(RequiresUnreferencedCodeAttribute))]
    [FeatureGuard(typeof(RequiresAssemblyFilesAttribute))]
    // IL4000 (the body is not provably false when trimming) is the analyzer's only objection to a switch read from
    // AppContext: it cannot see that the project sets the switch to false, with Trim="true", for the native compilation.
    // The native compiler does see it and warns if the guarded code is reachable. The framework's own switches do the same.
#pragma warning disable IL4000
    private static bool LoadsAssemblies => !AppContext.TryGetSwitch(AssembliesSwitch, out bool on) || on;
#pragma warning restore IL4000

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
        if (LoadsAssemblies) LoadReferencedAssemblies();
    }

    [RequiresUnreferencedCode("Walks assembly references, which trimming removes; only for builds that run from assembly files.")]
    [RequiresAssemblyFiles("Compares assembly file paths; only for builds that run from assembly files.")]
    private static void LoadReferencedAssemblies()
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
