using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace FakeAI.Bench.Datasets;

/// <summary>Builds the run's conversations from synthetic options, a custom file or a local ShareGPT file, as aiperf does.</summary>
public static class DatasetBuilder
{
    private const int ShareGptMaxPromptTokens = 1024;
    private const int ShareGptMaxTotalTokens = 2048;
    private const int ShareGptMinTokens = 4;

    /// <summary>Loads or generates the dataset and prebuilds every request payload. Throws <see cref="DatasetException"/> on bad input.</summary>
    public static Dataset Build(ProfileConfig config, Tokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(tokenizer);
        var random = config.RandomSeed is { } seed ? new Random(seed) : new Random();
        var generator = new PromptGenerator(tokenizer, random);
        var context = new BuildContext(config, tokenizer, generator, random);
        List<Conversation> conversations;
        var sequential = false;
        var synthetic = false;
        if (config.PublicDataset is not null)
        {
            conversations = LoadShareGpt(context);
        }
        else if (config.InputFile is not null)
        {
            var type = config.CustomDatasetType ?? CustomDatasetType.SingleTurn;
            conversations = type switch
            {
                CustomDatasetType.SingleTurn => LoadSingleTurn(context),
                CustomDatasetType.MultiTurn => LoadMultiTurn(context),
                CustomDatasetType.RandomPool => LoadRandomPool(context),
                CustomDatasetType.MooncakeTrace => LoadMooncake(context),
                _ => throw new DatasetException($"Unsupported dataset type {type}"),
            };
            sequential = type == CustomDatasetType.MooncakeTrace || config.FixedSchedule;
        }
        else
        {
            conversations = Synthesize(context);
            synthetic = true;
        }

        if (conversations.Count == 0)
        {
            throw new DatasetException($"'{config.InputFile}' holds no usable entries");
        }

        var payloads = new PayloadBuilder(config, synthetic);
        var built = conversations
            .Select(c => c with { Turns = [.. c.Turns.Select(t => t with { Payloads = [.. config.Models.Select(m => payloads.Build(t, m))] })] })
            .ToArray();
        return new Dataset(built, sequential || config.SampleSequentially);
    }

    private static List<Conversation> Synthesize(BuildContext context)
    {
        var config = context.Config;
        if (config.EndpointType == EndpointType.Rankings)
        {
            return RankingsSynthesizer.Create(config, context.Generator, context.NewSessionId, texts => context.MakeTurn(texts, null, null));
        }

        var prefixes = Enumerable.Range(0, config.NumPrefixPrompts).Select(_ => context.Generator.Generate(config.PrefixPromptLength)).ToArray();
        var conversations = new List<Conversation>(config.ConversationNum);
        for (var i = 0; i < config.ConversationNum; i++)
        {
            var turnCount = context.Generator.SampleLength(config.ConversationTurnMean, config.ConversationTurnStddev, 1);
            var turns = new Turn[turnCount];
            for (var t = 0; t < turnCount; t++)
            {
                var (inputLength, maxTokens) = config.SequenceDistribution is { } mixture
                    ? mixture.Sample(context.Random)
                    : (context.Generator.SampleLength(config.InputTokensMean, config.InputTokensStddev, 1), (int?)null);
                var texts = new string[config.BatchSize];
                for (var b = 0; b < texts.Length; b++)
                {
                    texts[b] = context.Generator.Generate(inputLength);
                }

                // Shared prefixes go on first turns only, as aiperf does.
                if (prefixes.Length > 0 && t == 0)
                {
                    texts[0] = prefixes[context.Random.Next(prefixes.Length)] + " " + texts[0];
                }

                if (config.SequenceDistribution is null)
                {
                    maxTokens = context.SampleMaxTokens();
                }

                turns[t] = context.MakeTurn(texts, maxTokens, null) with
                {
                    DelayMs = t == 0 ? 0 : context.SampleDelayMs(),
                    Images = context.SampleImages(),
                    Audios = context.SampleAudios(),
                };
            }

            conversations.Add(new Conversation(context.NewSessionId(), turns));
        }

        return conversations;
    }

    private static List<Conversation> LoadSingleTurn(BuildContext context)
    {
        var result = new List<Conversation>();
        foreach (var (line, element) in ReadJsonLines(context.Config.InputFile!))
        {
            result.Add(new Conversation(context.NewSessionId(), [ParseTurn(context, element, line)]));
        }

        return result;
    }

    private static List<Conversation> LoadMultiTurn(BuildContext context)
    {
        var sessions = new Dictionary<string, List<Turn>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var (line, element) in ReadJsonLines(context.Config.InputFile!))
        {
            var id = element.TryGetProperty("session_id", out var sid) && sid.ValueKind == JsonValueKind.String ? sid.GetString()! : context.NewSessionId();
            if (!element.TryGetProperty("turns", out var turns) || turns.ValueKind != JsonValueKind.Array)
            {
                throw new DatasetException($"{context.Config.InputFile}:{line}: multi_turn entries need a \"turns\" array");
            }

            if (!sessions.TryGetValue(id, out var list))
            {
                sessions[id] = list = [];
                order.Add(id);
            }

            foreach (var turn in turns.EnumerateArray())
            {
                list.Add(ParseTurn(context, turn, line));
            }
        }

        return [.. order.Select(id => new Conversation(id, sessions[id]))];
    }

    private static List<Conversation> LoadRandomPool(BuildContext context)
    {
        var path = context.Config.InputFile!;
        var files = Directory.Exists(path) ? Directory.GetFiles(path).Order(StringComparer.Ordinal).ToArray() : [path];
        var named = files.Select(f => (Name: files.Length > 1 ? Path.GetFileNameWithoutExtension(f) : null, Pool: ReadJsonLines(f).Select(e => ParseTurn(context, e.Element, e.Line, f)).ToArray()))
            .Where(p => p.Pool.Length > 0).ToArray();
        var pools = named.Select(p => p.Pool).ToArray();
        var poolNames = named.Select(p => p.Name).ToArray();
        if (pools.Length == 0)
        {
            throw new DatasetException($"'{path}' holds no usable entries");
        }

        var result = new List<Conversation>(context.Config.ConversationNum);
        for (var i = 0; i < context.Config.ConversationNum; i++)
        {
            var picked = pools.Select(p => p[context.Random.Next(p.Length)]).ToArray();
            var texts = picked.SelectMany(t => t.Texts).ToArray();

            // As in aiperf, a pool file's name (query.jsonl, passages.jsonl) names the texts it gives that have none.
            var names = picked.SelectMany((t, pool) => t.Texts.Select((_, i) => t.TextNames.Count > 0 && t.TextNames[i] is { } own ? own : poolNames[pool])).ToArray();
            result.Add(new Conversation(context.NewSessionId(), [context.MakeTurn(texts, picked[0].MaxTokens, null) with
            {
                TextNames = names.Any(n => n is not null) ? names : [],
            }]));
        }

        return result;
    }

    private static List<Conversation> LoadMooncake(BuildContext context)
    {
        var config = context.Config;
        var blockSize = config.InputTokensBlockSize;
        var blocks = new Dictionary<long, string>();
        var result = new List<Conversation>();
        foreach (var (line, element) in ReadJsonLines(config.InputFile!))
        {
            var where = $"{config.InputFile}:{line}";
            long? timestamp = element.TryGetProperty("timestamp", out var ts) && ts.ValueKind == JsonValueKind.Number ? (long)ts.GetDouble() : null;
            if (timestamp is { } t && !InWindow(config, t))
            {
                continue;
            }

            int? outputLength = element.TryGetProperty("output_length", out var ol) && ol.ValueKind == JsonValueKind.Number ? ol.GetInt32() : null;
            string text;
            if (element.TryGetProperty("text_input", out var textInput) && textInput.ValueKind == JsonValueKind.String)
            {
                text = textInput.GetString()!;
            }
            else if (element.TryGetProperty("input_length", out var il) && il.ValueKind == JsonValueKind.Number && il.TryGetInt32(out var inputLength) && inputLength > 0)
            {
                if (element.TryGetProperty("hash_ids", out var hashIds) && hashIds.ValueKind == JsonValueKind.Array && hashIds.GetArrayLength() > 0)
                {
                    var ids = hashIds.EnumerateArray().Select(h => h.GetInt64()).ToArray();
                    var lastBlock = inputLength - ((ids.Length - 1) * blockSize);
                    if (lastBlock < 1 || lastBlock > blockSize)
                    {
                        throw new DatasetException($"{where}: input_length {inputLength} does not fit {ids.Length} hash blocks of {blockSize} tokens");
                    }

                    var parts = new string[ids.Length];
                    for (var i = 0; i < ids.Length; i++)
                    {
                        var size = i == ids.Length - 1 ? lastBlock : blockSize;
                        parts[i] = size == blockSize
                            ? BlockFor(blocks, context, ids[i], blockSize)
                            : context.Generator.GenerateKeyed(ids[i], size, context.Seed);
                    }

                    text = string.Join(' ', parts);
                }
                else
                {
                    text = context.Generator.Generate(inputLength);
                }
            }
            else
            {
                throw new DatasetException($"{where}: mooncake_trace entries need \"input_length\" (> 0) or \"text_input\"");
            }

            result.Add(new Conversation(context.NewSessionId(), [context.MakeTurn([text], outputLength ?? context.SampleMaxTokens(), timestamp)]));
        }

        return result;
    }

    private static string BlockFor(Dictionary<long, string> blocks, BuildContext context, long hashId, int blockSize)
    {
        if (!blocks.TryGetValue(hashId, out var block))
        {
            blocks[hashId] = block = context.Generator.GenerateKeyed(hashId, blockSize, context.Seed);
        }

        return block;
    }

    private static bool InWindow(ProfileConfig config, long timestamp) =>
        (config.FixedScheduleStartOffsetMs is not { } start || timestamp >= start)
        && (config.FixedScheduleEndOffsetMs is not { } end || timestamp <= end);

    private static List<Conversation> LoadShareGpt(BuildContext context)
    {
        var path = context.Config.InputFile!;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new DatasetException($"{path}: not a ShareGPT JSON array: {e.Message}", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new DatasetException($"{path}: not a ShareGPT JSON array");
            }

            var result = new List<Conversation>();
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                if (!entry.TryGetProperty("conversations", out var turns) || turns.ValueKind != JsonValueKind.Array || turns.GetArrayLength() < 2)
                {
                    continue;
                }

                var prompt = turns[0].TryGetProperty("value", out var p) ? p.GetString() ?? "" : "";
                var completion = turns[1].TryGetProperty("value", out var c) ? c.GetString() ?? "" : "";
                var promptTokens = context.Tokenizer.CountTokens(prompt);
                var completionTokens = context.Tokenizer.CountTokens(completion);

                // vLLM's ShareGPT filter, as aiperf applies it.
                if (promptTokens < ShareGptMinTokens || promptTokens > ShareGptMaxPromptTokens
                    || (context.Config.OutputTokensMean is null && completionTokens < ShareGptMinTokens)
                    || promptTokens + completionTokens > ShareGptMaxTotalTokens)
                {
                    continue;
                }

                result.Add(new Conversation(context.NewSessionId(), [context.MakeTurn([prompt], context.SampleMaxTokens() ?? completionTokens, null)]));
            }

            return result;
        }
    }

    private static Turn ParseTurn(BuildContext context, JsonElement element, int line, string? file = null)
    {
        var where = $"{file ?? context.Config.InputFile}:{line}";
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new DatasetException($"{where}: expected a JSON object");
        }

        var texts = new List<string>();
        var names = new List<string?>();
        if (element.TryGetProperty("text", out var text))
        {
            texts.Add(text.ValueKind == JsonValueKind.String ? text.GetString()! : throw new DatasetException($"{where}: \"text\" must be a string"));
            names.Add(null);
        }

        if (element.TryGetProperty("texts", out var many))
        {
            if (many.ValueKind != JsonValueKind.Array)
            {
                throw new DatasetException($"{where}: \"texts\" must be an array");
            }

            foreach (var item in many.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    texts.Add(item.GetString()!);
                    names.Add(null);
                }
                else if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("contents", out var contents) && contents.ValueKind == JsonValueKind.Array)
                {
                    // Each content is a text of its own (a passage, a content part), all under the item's name.
                    var name = item.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                    foreach (var content in contents.EnumerateArray())
                    {
                        texts.Add(content.ValueKind == JsonValueKind.String ? content.GetString()! : throw new DatasetException($"{where}: \"contents\" must hold strings"));
                        names.Add(name);
                    }
                }
                else
                {
                    throw new DatasetException($"{where}: \"texts\" items must be strings or {{\"name\", \"contents\"}} objects");
                }
            }
        }

        if (texts.Count == 0)
        {
            throw new DatasetException($"{where}: entry has no \"text\" or \"texts\"");
        }

        long? timestamp = element.TryGetProperty("timestamp", out var ts) && ts.ValueKind == JsonValueKind.Number ? (long)ts.GetDouble() : null;
        int? maxTokens = element.TryGetProperty("output_length", out var ol) && ol.ValueKind == JsonValueKind.Number ? ol.GetInt32() : null;
        return context.MakeTurn(texts, maxTokens ?? context.SampleMaxTokens(), timestamp) with
        {
            TextNames = names.Any(n => n is not null) ? names : [],
        };
    }

    /// <summary>Non-empty lines of a JSONL file, each parsed; a malformed line fails with its line number.</summary>
    private static IEnumerable<(int Line, JsonElement Element)> ReadJsonLines(string path)
    {
        var number = 0;
        foreach (var text in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            JsonElement element;
            try
            {
                using var document = JsonDocument.Parse(text);
                element = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new DatasetException($"{path}:{number}: malformed JSON: {e.Message}", e);
            }

            yield return (number, element);
        }
    }

    private sealed class BuildContext(ProfileConfig config, Tokenizer tokenizer, PromptGenerator generator, Random random)
    {
        public ProfileConfig Config { get; } = config;

        public Tokenizer Tokenizer { get; } = tokenizer;

        public PromptGenerator Generator { get; } = generator;

        public Random Random { get; } = random;

        public int Seed { get; } = config.RandomSeed ?? 0;

        public string NewSessionId()
        {
            Span<byte> bytes = stackalloc byte[16];
            Random.NextBytes(bytes);
            return new Guid(bytes).ToString();
        }

        public int? SampleMaxTokens() =>
            Config.OutputTokensMean is { } mean ? Generator.SampleLength(mean, Config.OutputTokensStddev, 1) : null;

        public Turn MakeTurn(IReadOnlyList<string> texts, int? maxTokens, long? timestamp) =>
            new(texts, texts.Sum(t => Tokenizer.CountTokens(t)), maxTokens, timestamp);

        /// <summary><c>max(0, normal(mean, stddev)) × ratio</c> milliseconds.</summary>
        public double SampleDelayMs()
        {
            var normal = Config.ConversationTurnDelayMeanMs + (Config.ConversationTurnDelayStddevMs * StandardNormal());
            return Math.Max(0, normal) * Config.ConversationTurnDelayRatio;
        }

        public string[] SampleImages()
        {
            var images = Config.Images;
            if (!images.Enabled)
            {
                return [];
            }

            var urls = new string[images.BatchSize];
            for (var i = 0; i < urls.Length; i++)
            {
                var width = Generator.SampleLength(images.WidthMean, images.WidthStddev, 1);
                var height = Generator.SampleLength(images.HeightMean, images.HeightStddev, 1);
                var format = images.Format == "random" ? (Random.Next(2) == 0 ? "png" : "jpeg") : images.Format;
                urls[i] = ImageGenerator.DataUrl(width, height, format, Random);
            }

            return urls;
        }

        public AudioClip[] SampleAudios()
        {
            var audio = Config.Audio;
            if (!audio.Enabled)
            {
                return [];
            }

            var clips = new AudioClip[audio.BatchSize];
            for (var i = 0; i < clips.Length; i++)
            {
                var seconds = Math.Max(0.01, audio.LengthMeanSeconds + (audio.LengthStddevSeconds * StandardNormal()));
                var rate = (int)Math.Round(audio.SampleRatesKhz[Random.Next(audio.SampleRatesKhz.Count)] * 1000);
                var depth = audio.Depths[Random.Next(audio.Depths.Count)];
                var bytes = AudioGenerator.Encode(audio.Format, seconds, rate, depth, audio.Channels, Random);
                clips[i] = new AudioClip(Convert.ToBase64String(bytes), audio.Format);
            }

            return clips;
        }

        private double StandardNormal() =>
            Math.Sqrt(-2.0 * Math.Log(1.0 - Random.NextDouble())) * Math.Cos(2.0 * Math.PI * Random.NextDouble());
    }
}
