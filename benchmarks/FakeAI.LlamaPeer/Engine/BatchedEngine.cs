using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using FakeAI.LlamaPeer.Gguf;
using LLama;
using LLama.Native;

namespace FakeAI.LlamaPeer.Engine;

/// <summary>
/// Continuous batching over one llama.cpp context, as llama.cpp's server does it: a fixed number of slots, each a
/// sequence of the context; every step puts one token of each generating slot and the next prompt chunk of each
/// prefilling slot into one batch and decodes it with a single call. A request that finds no free slot waits in a FIFO
/// queue. Generation is greedy over the model's output tokens (<see cref="OutputVocabulary"/>) and ignores
/// end-of-sequence, so every request gets exactly its max_tokens (what a benchmark needs); the logits are still the full
/// model's.
/// </summary>
internal sealed partial class BatchedEngine : IDisposable
{
    private readonly LLamaContext _context;
    private readonly EngineOptions _options;
    private readonly ILogger _logger;
    private readonly Slot[] _slots;
    private readonly Channel<PeerRequest> _queue = Channel.CreateUnbounded<PeerRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly int[] _outputTokens;
    private readonly string[] _pieces;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Thread _thread;
    private long _admissions;

    public BatchedEngine(LLamaWeights weights, LLamaContext context, EngineOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(weights);
        _context = context;
        _options = options;
        _logger = logger;
        _slots = [.. Enumerable.Range(0, options.Slots).Select(i => new Slot(i))];
        (_outputTokens, _pieces) = OutputVocabulary(weights);
        _thread = new Thread(Run) { IsBackground = true, Name = "llama-engine" };
    }

    public EngineCounters Counters { get; } = new();

    public void Start() => _thread.Start();

    /// <summary>Queues a request; its tokens arrive on <see cref="PeerRequest.Output"/>.</summary>
    public void Submit(PeerRequest request)
    {
        Counters.Queued();
        if (!_queue.Writer.TryWrite(request))
        {
            Counters.Dequeued();
            throw new InvalidOperationException("The engine has stopped.");
        }
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _stopping.Cancel();
        if (_thread.IsAlive)
        {
            _thread.Join();
        }

        _stopping.Dispose();
    }

    /// <summary>
    /// The tokens the engine may emit: those the model lists under <see cref="TinyLlamaGguf.OutputTokensKey"/> (the tiny
    /// model's whole words), or for another model its normal (not control, byte or unknown) tokens with a printable
    /// piece, so every generated token is one non-empty piece of valid text.
    /// </summary>
    private static (int[] Tokens, string[] Pieces) OutputVocabulary(LLamaWeights weights)
    {
        var vocabulary = weights.NativeHandle.Vocab;
        var listed = weights.Metadata.TryGetValue(TinyLlamaGguf.OutputTokensKey, out var ids)
            ? ids.Split(',').Select(id => int.Parse(id, CultureInfo.InvariantCulture)).ToHashSet()
            : null;
        var tokens = new List<int>();
        var pieces = new string[vocabulary.Count];
        for (var id = 0; id < vocabulary.Count; id++)
        {
            var token = (LLamaToken)id;
            var piece = vocabulary.LLamaTokenToString(token, isSpecialToken: false) ?? string.Empty;
            var allowed = listed?.Contains(id) ?? token.GetAttributes(vocabulary).HasFlag(LLamaTokenAttr.Normal);
            if (allowed && piece.Length > 0 && !piece.Contains('\uFFFD', StringComparison.Ordinal))
            {
                tokens.Add(id);
                pieces[id] = piece;
            }
        }

        if (tokens.Count == 0)
        {
            throw new InvalidOperationException("The model's vocabulary has no normal token to generate.");
        }

        return ([.. tokens], pieces);
    }

    private void Run()
    {
        var batch = new LLamaBatch();
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                ReleaseCancelled();
                Admit();
                var busy = _slots.Count(s => !s.IsFree);
                Counters.SetProcessing(busy);
                if (busy == 0)
                {
                    // Idle: block until a request arrives (or the engine stops).
                    if (!_queue.Reader.WaitToReadAsync(_stopping.Token).AsTask().GetAwaiter().GetResult())
                    {
                        return;
                    }

                    continue;
                }

                Step(batch);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogEngineFailed(_logger, exception);
            FailAll(exception);
        }
    }

    private void Admit()
    {
        foreach (var slot in _slots)
        {
            if (!slot.IsFree)
            {
                continue;
            }

            while (_queue.Reader.TryRead(out var request))
            {
                Counters.Dequeued();
                if (request.IsCancelled)
                {
                    request.Writer.TryComplete();
                    continue;
                }

                slot.Assign(request, _admissions++);
                break;
            }
        }
    }

    private void Step(LLamaBatch batch)
    {
        batch.Clear();
        var sequences = 0;
        foreach (var slot in _slots)
        {
            slot.LogitIndex = -1;
            if (slot.IsPrefilled)
            {
                slot.LogitIndex = batch.Add(slot.LastToken, slot.Request!.Prompt.Length + slot.Generated - 1, slot.Sequence, logits: true);
                sequences++;
            }
        }

        var promptTokens = 0;
        var budget = _options.BatchSize - batch.TokenCount;
        foreach (var slot in _slots.Where(s => !s.IsFree && !s.IsPrefilled).OrderBy(s => s.AdmittedAt))
        {
            if (budget == 0)
            {
                break;
            }

            var prompt = slot.Request!.Prompt;
            var chunk = Math.Min(budget, prompt.Length - slot.Prefilled);
            for (var i = 0; i < chunk; i++)
            {
                var position = slot.Prefilled + i;
                var last = position == prompt.Length - 1;
                var index = batch.Add(prompt[position], position, slot.Sequence, logits: last);
                if (last)
                {
                    slot.LogitIndex = index;
                }
            }

            slot.Prefilled += chunk;
            sequences++;
            budget -= chunk;
            promptTokens += chunk;
        }

        var started = Stopwatch.GetTimestamp();
        var result = _context.NativeHandle.Decode(batch);
        var elapsed = Stopwatch.GetTimestamp() - started;
        if (result != DecodeResult.Ok)
        {
            throw new InvalidOperationException($"llama_decode failed: {result}");
        }

        var sampled = 0;
        foreach (var slot in _slots)
        {
            if (slot.LogitIndex >= 0)
            {
                Emit(slot, Greedy(_context.NativeHandle.GetLogitsIth(slot.LogitIndex)));
                sampled++;
            }
        }

        Counters.Decoded(sequences, promptTokens, sampled, elapsed);
    }

    private int Greedy(ReadOnlySpan<float> logits)
    {
        var best = _outputTokens[0];
        var bestLogit = float.NegativeInfinity;
        foreach (var id in _outputTokens)
        {
            if (logits[id] > bestLogit)
            {
                bestLogit = logits[id];
                best = id;
            }
        }

        return best;
    }

    private void Emit(Slot slot, int token)
    {
        var request = slot.Request!;
        request.Writer.TryWrite(_pieces[token]);
        slot.Generated++;
        slot.LastToken = token;
        if (slot.Generated == request.MaxTokens)
        {
            request.Writer.TryComplete();
            Free(slot);
        }
    }

    private void ReleaseCancelled()
    {
        foreach (var slot in _slots)
        {
            if (slot.Request is { IsCancelled: true } request)
            {
                request.Writer.TryComplete();
                Free(slot);
            }
        }
    }

    private void Free(Slot slot)
    {
        // The sequence's KV cells are freed for the slot's next request.
        _context.NativeHandle.MemorySequenceRemove(slot.Sequence, -1, -1);
        slot.Release();
    }

    private void FailAll(Exception exception)
    {
        foreach (var slot in _slots)
        {
            slot.Request?.Writer.TryComplete(exception);
            slot.Release();
        }

        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var request))
        {
            Counters.Dequeued();
            request.Writer.TryComplete(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The engine stopped: a decode failed")]
    private static partial void LogEngineFailed(ILogger logger, Exception exception);
}
