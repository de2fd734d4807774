using FakeAI.LlamaPeer.Engine;
using LLama;
using LLama.Common;

namespace FakeAI.LlamaPeer;

/// <summary>The model's weights, one llama.cpp context with a sequence per slot, and the engine decoding them.</summary>
internal sealed class LoadedModel : IDisposable
{
    private readonly LLamaWeights _weights;
    private readonly LLamaContext _context;

    private LoadedModel(LLamaWeights weights, LLamaContext context, BatchedEngine engine)
    {
        _weights = weights;
        _context = context;
        Engine = engine;
    }

    public BatchedEngine Engine { get; }

    public LLamaWeights Weights => _weights;

    public static LoadedModel Load(ServeOptions options, ILoggerFactory loggers)
    {
        var parameters = new ModelParams(options.ModelPath)
        {
            // Each sequence gets an equal share of the context (a non-unified KV cache), so a slot holds --slot-ctx tokens.
            ContextSize = (uint)(options.SlotContext * options.Slots),
            SeqMax = (uint)options.Slots,
            KVUnified = false,
            BatchSize = (uint)options.BatchSize,
            UBatchSize = (uint)Math.Min(options.BatchSize, 512),
            Threads = options.Threads,
            BatchThreads = options.Threads,
            GpuLayerCount = 0,
        };
        var weights = LLamaWeights.LoadFromFile(parameters);
        try
        {
            var context = weights.CreateContext(parameters, loggers.CreateLogger("LLama"));
            var engine = new BatchedEngine(weights, context, new EngineOptions(options.Slots, options.BatchSize), loggers.CreateLogger<BatchedEngine>());
            engine.Start();
            return new LoadedModel(weights, context, engine);
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Engine.Dispose();
        _context.Dispose();
        _weights.Dispose();
    }
}
