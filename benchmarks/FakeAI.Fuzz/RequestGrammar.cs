using System.Text.Json.Nodes;

namespace FakeAI.Fuzz;

/// <summary>Valid requests for every route: the shapes of docs/server.md with random sizes and optional fields, kept small
/// (a few dozen output tokens) so that most of the run's time goes into the mutations.</summary>
internal static class RequestGrammar
{
    public static readonly string[] PostRoutes = ["/v1/chat/completions", "/v1/completions", "/v1/responses", "/v1/messages", "/v1/embeddings", "/v1/ranking", "/v1/rerank", "/v2/rerank", "/tokenize", "/detokenize"];

    public static readonly string[] GetRoutes = ["/v1/models", "/v1/models/gpt-4o-mini", "/health", "/metrics", "/kv-cache/metrics"];

    private static readonly string[] ChatModels = ["gpt-4o-mini", "gpt-4o", "gpt-3.5-turbo", "meta-llama/Llama-3.1-8B-Instruct", "o1-mini", "deepseek-ai/DeepSeek-R1", "my-own-model"];
    private static readonly string[] EmbeddingModels = ["text-embedding-3-small", "text-embedding-3-large", "text-embedding-ada-002", "BAAI/bge-m3", "nomic-embed-text"];
    private static readonly string[] RankingModels = ["nvidia/llama-3.2-nv-rerankqa-1b-v2", "BAAI/bge-reranker-base", "rerank-v3.5"];
    private static readonly string[] Words = ["the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "token", "stream", "ünïcödé", "日本語", "😀", "\t", "\n"];

    /// <summary>A route and, for POST routes, a valid body.</summary>
    public static (string Route, JsonObject? Body) Next(Random r)
    {
        if (r.Next(10) == 0)
        {
            return (GetRoutes[r.Next(GetRoutes.Length)], null);
        }

        var route = PostRoutes[r.Next(PostRoutes.Length)];
        return (route, route switch
        {
            "/v1/chat/completions" => Chat(r),
            "/v1/completions" => Completions(r),
            "/v1/embeddings" => Embeddings(r),
            "/v1/responses" => Responses(r),
            "/v1/messages" => Messages(r),
            "/v1/ranking" => Ranking(r),
            "/tokenize" => new JsonObject { ["model"] = ChatModels[r.Next(ChatModels.Length)], ["prompt"] = Text(r, 40) },
            "/detokenize" => new JsonObject { ["model"] = ChatModels[r.Next(ChatModels.Length)], ["tokens"] = new JsonArray([.. Enumerable.Range(0, r.Next(1, 40)).Select(_ => (JsonNode)r.Next(0, 100_000))]) },
            _ => Rerank(r),
        });
    }

    /// <summary>The request a working server must always answer with 200: the liveness check between fuzz cases.</summary>
    public static JsonObject NormalChat() => new()
    {
        ["model"] = "gpt-4o-mini",
        ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Say hello." }),
        ["max_tokens"] = 8,
    };

    public static string Text(Random r, int maxWords = 12)
    {
        var count = r.Next(1, maxWords + 1);
        return string.Join(' ', Enumerable.Range(0, count).Select(_ => Words[r.Next(Words.Length)]));
    }

    private static JsonObject Chat(Random r)
    {
        var messages = new JsonArray();
        if (r.Next(3) == 0)
        {
            messages.Add(new JsonObject { ["role"] = r.Next(2) == 0 ? "system" : "developer", ["content"] = Text(r) });
        }

        for (var i = r.Next(1, 5); i > 0; i--)
        {
            messages.Add(new JsonObject { ["role"] = "user", ["content"] = Content(r) });
            if (i > 1)
            {
                messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = Text(r) });
            }
        }

        var body = new JsonObject { ["model"] = ChatModels[r.Next(ChatModels.Length)], ["messages"] = messages };
        Common(r, body);
        if (r.Next(4) == 0)
        {
            body["max_completion_tokens"] = r.Next(1, 48);
        }

        if (r.Next(6) == 0)
        {
            body["tools"] = new JsonArray(new JsonObject
            {
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = "get_weather", ["parameters"] = new JsonObject { ["type"] = "object" } },
            });
        }

        if (r.Next(6) == 0)
        {
            body["response_format"] = new JsonObject { ["type"] = r.Next(2) == 0 ? "json_object" : "text" };
        }

        return body;
    }

    private static JsonObject Responses(Random r)
    {
        JsonNode input = r.Next(2) == 0
            ? Text(r)
            : new JsonArray([.. Enumerable.Range(0, r.Next(1, 4)).Select(_ => (JsonNode)new JsonObject { ["role"] = "user", ["content"] = Text(r) })]);
        var body = new JsonObject { ["model"] = ChatModels[r.Next(ChatModels.Length)], ["input"] = input, ["max_output_tokens"] = r.Next(1, 48) };
        if (r.Next(3) == 0)
        {
            body["instructions"] = Text(r);
        }

        if (r.Next(2) == 0)
        {
            body["stream"] = true;
        }

        if (r.Next(4) == 0)
        {
            body["store"] = false;
        }

        if (r.Next(6) == 0)
        {
            body["tools"] = new JsonArray(new JsonObject { ["type"] = "function", ["name"] = "get_weather", ["parameters"] = new JsonObject { ["type"] = "object" } });
        }

        return body;
    }

    private static JsonObject Messages(Random r)
    {
        var messages = new JsonArray();
        for (var i = r.Next(1, 4); i > 0; i--)
        {
            messages.Add(new JsonObject { ["role"] = "user", ["content"] = Text(r) });
            if (i > 1)
            {
                messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = Text(r) });
            }
        }

        var body = new JsonObject { ["model"] = ChatModels[r.Next(ChatModels.Length)], ["max_tokens"] = r.Next(1, 48), ["messages"] = messages };
        if (r.Next(3) == 0)
        {
            body["system"] = Text(r);
        }

        if (r.Next(2) == 0)
        {
            body["stream"] = true;
        }

        if (r.Next(6) == 0)
        {
            body["tools"] = new JsonArray(new JsonObject { ["name"] = "get_weather", ["input_schema"] = new JsonObject { ["type"] = "object" } });
        }

        return body;
    }

    private static JsonNode Content(Random r)
    {
        if (r.Next(4) != 0)
        {
            return Text(r);
        }

        var parts = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = Text(r) });
        if (r.Next(2) == 0)
        {
            // A 1×1 PNG: the server decodes images to count their tokens.
            parts.Add(new JsonObject
            {
                ["type"] = "image_url",
                ["image_url"] = new JsonObject { ["url"] = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==" },
            });
        }

        return parts;
    }

    private static JsonObject Completions(Random r)
    {
        JsonNode prompt = r.Next(4) switch
        {
            0 => Text(r),
            1 => new JsonArray([.. Enumerable.Range(0, r.Next(1, 4)).Select(_ => (JsonNode)Text(r))]),
            2 => new JsonArray([.. Enumerable.Range(0, r.Next(1, 20)).Select(_ => (JsonNode)r.Next(0, 100_000))]),
            _ => new JsonArray(new JsonArray([.. Enumerable.Range(0, r.Next(1, 20)).Select(_ => (JsonNode)r.Next(0, 100_000))])),
        };
        var body = new JsonObject { ["model"] = ChatModels[r.Next(ChatModels.Length)], ["prompt"] = prompt };
        Common(r, body);
        if (r.Next(5) == 0)
        {
            body["echo"] = true;
        }

        if (r.Next(5) == 0)
        {
            body["logprobs"] = r.Next(0, 6);
        }

        return body;
    }

    private static void Common(Random r, JsonObject body)
    {
        if (r.Next(3) != 0)
        {
            body["max_tokens"] = r.Next(1, 48);
        }

        if (r.Next(2) == 0)
        {
            body["stream"] = true;
            if (r.Next(2) == 0)
            {
                body["stream_options"] = new JsonObject { ["include_usage"] = r.Next(2) == 0 };
            }
        }

        if (r.Next(4) == 0)
        {
            body["n"] = r.Next(1, 4);
        }

        if (r.Next(4) == 0)
        {
            body["temperature"] = Math.Round(r.NextDouble() * 2, 2);
        }

        if (r.Next(5) == 0)
        {
            body["stop"] = r.Next(2) == 0 ? "fox" : new JsonArray("dog", "\n", "the");
        }

        if (r.Next(5) == 0)
        {
            body["seed"] = r.Next();
        }

        if (r.Next(8) == 0)
        {
            body["user"] = "user-" + r.Next(1000);
        }

        if (r.Next(8) == 0)
        {
            body["ignore_eos"] = true;
        }
    }

    private static JsonObject Embeddings(Random r)
    {
        JsonNode input = r.Next(4) switch
        {
            0 => Text(r, 40),
            1 => new JsonArray([.. Enumerable.Range(0, r.Next(1, 32)).Select(_ => (JsonNode)Text(r, 30))]),
            2 => new JsonArray([.. Enumerable.Range(0, r.Next(1, 50)).Select(_ => (JsonNode)r.Next(0, 100_000))]),
            _ => new JsonArray(new JsonArray([.. Enumerable.Range(0, r.Next(1, 50)).Select(_ => (JsonNode)r.Next(0, 100_000))])),
        };
        var body = new JsonObject { ["model"] = EmbeddingModels[r.Next(EmbeddingModels.Length)], ["input"] = input };
        if (r.Next(3) == 0)
        {
            body["dimensions"] = r.Next(1, 1537);
        }

        if (r.Next(3) == 0)
        {
            body["encoding_format"] = r.Next(2) == 0 ? "float" : "base64";
        }

        return body;
    }

    private static JsonObject Ranking(Random r)
    {
        var body = new JsonObject
        {
            ["model"] = RankingModels[0],
            ["query"] = new JsonObject { ["text"] = Text(r) },
            ["passages"] = new JsonArray([.. Enumerable.Range(0, r.Next(1, 24)).Select(_ => (JsonNode)new JsonObject { ["text"] = Text(r, 40) })]),
        };
        if (r.Next(3) == 0)
        {
            body["truncate"] = r.Next(2) == 0 ? "NONE" : "END";
        }

        return body;
    }

    private static JsonObject Rerank(Random r)
    {
        var body = new JsonObject
        {
            ["model"] = RankingModels[r.Next(RankingModels.Length)],
            ["query"] = Text(r),
            ["documents"] = new JsonArray([.. Enumerable.Range(0, r.Next(1, 24)).Select(_ => (JsonNode)Text(r, 40))]),
        };
        if (r.Next(2) == 0)
        {
            body["top_n"] = r.Next(1, 10);
        }

        if (r.Next(3) == 0)
        {
            body["return_documents"] = r.Next(2) == 0;
        }

        return body;
    }
}
