using StartupApp;

// dotnet run --project samples/startup-app -- [DATA_DIR] [USER] [NOTE]
// Start-up migrates data/system.db; the first note of a user creates and migrates that user's database.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

string dataDirectory = args.Length > 0 ? args[0] : "data";
string user = args.Length > 1 ? args[1] : "alice";
string note = args.Length > 2 ? args[2] : $"hello at {DateTime.UtcNow:O}";

NotesService notes = await NotesService.StartAsync(dataDirectory, new ConsoleLogger(), cancel.Token);
await notes.AddNoteAsync(user, note, cancel.Token);
foreach (string body in await notes.NotesAsync(user, cancel.Token))
{
    Console.WriteLine($"{user}: {body}");
}
