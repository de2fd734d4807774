using FakeAI.LlamaPeer;
using FakeAI.LlamaPeer.Gguf;

// A real inference engine to benchmark and calibrate against, with no model download: write-gguf writes a tiny
// random-weights llama model, serve runs it under llama.cpp (LLamaSharp) behind an OpenAI-compatible streaming API with
// a fixed number of slots decoded together (see docs/llama-peer.md).
// Usage: FakeAI.LlamaPeer write-gguf PATH [--layers 16] [--embd 512] [--ff 1536] [--heads 8] [--ctx 4096] [--seed 1]
//                                    [--type f32|f16]
//    or: FakeAI.LlamaPeer serve --model PATH [--slots 4] [--threads 1] [--slot-ctx 2048] [--batch 2048]
//                               [--host 127.0.0.1] [--port 0] [--model-name tiny]
const string Usage = "usage: FakeAI.LlamaPeer write-gguf PATH [--layers N --embd N --ff N --heads N --ctx N --seed N --type f32|f16] | serve --model PATH [--slots N --threads N --slot-ctx N --batch N --host H --port N --model-name NAME]";

if (args.Length == 0 || args[0] is not ("write-gguf" or "serve"))
{
    return Fail(Usage);
}

var line = new CommandLine(args[1..]);
if (args[0] == "write-gguf")
{
    var embedding = line.Int("--embd", 512);
    var type = line.String("--type") ?? "f32";
    if (type is not ("f32" or "f16"))
    {
        line.Errors.Add($"--type must be f32 or f16, not '{type}'");
    }

    var shape = new TinyModelShape(line.Int("--layers", 16), embedding, line.Int("--ff", embedding * 3), line.Int("--heads", 8), line.Int("--ctx", 4096), type == "f16");
    var seed = line.Int("--seed", 1);
    line.RejectUnknown();
    if (line.Positional.Count != 1)
    {
        line.Errors.Add("write-gguf takes one PATH");
    }

    line.Errors.AddRange(shape.Validate());
    if (line.Errors.Count > 0)
    {
        return Fail(string.Join("; ", line.Errors));
    }

    TinyLlamaGguf.Write(line.Positional[0], shape, seed);
    Console.WriteLine($"Wrote {line.Positional[0]} ({new FileInfo(line.Positional[0]).Length / (1024.0 * 1024):F1} MiB)");
    return 0;
}

var options = new ServeOptions
{
    ModelPath = line.String("--model") ?? string.Empty,
    ModelName = line.String("--model-name") ?? "tiny",
    Slots = line.Int("--slots", 4),
    Threads = line.Int("--threads", 1),
    SlotContext = line.Int("--slot-ctx", 2048),
    BatchSize = line.Int("--batch", 2048),
    Host = line.String("--host") ?? "127.0.0.1",
    Port = line.Int("--port", 0),
};
line.RejectUnknown();
if (line.Positional.Count > 0)
{
    line.Errors.Add($"unexpected argument '{line.Positional[0]}'");
}

line.Errors.AddRange(options.Validate());
if (line.Errors.Count > 0)
{
    return Fail(string.Join("; ", line.Errors));
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
await using var app = await PeerServer.StartAsync(options, stop.Token);
Console.WriteLine($"Listening on {PeerServer.Address(app)} (model {options.ModelName}, {options.Slots} slots, {options.Threads} threads)");
await app.WaitForShutdownAsync(stop.Token);
return 0;

static int Fail(string message)
{
    Console.Error.WriteLine(message);
    return 2;
}
