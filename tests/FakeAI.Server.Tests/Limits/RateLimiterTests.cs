using FakeAI.Server.Limits;
using Microsoft.Extensions.Time.Testing;

namespace FakeAI.Server.Tests.Limits;

public sealed class RateLimiterTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromSeconds(60);

    private static RateLimitRefusal? Admit(RateLimiter limiter, string key = "k", string model = "m", long tokens = 1) =>
        limiter.TryAdmit(key, model, tokens, out _);

    [Fact]
    public void The_request_at_the_limit_is_admitted_and_the_next_is_refused()
    {
        var time = new FakeTimeProvider();
        var limiter = new RateLimiter(time, requestsPerMinute: 3, tokensPerMinute: null);

        for (var i = 0; i < 3; i++)
        {
            Assert.Null(Admit(limiter));
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var refusal = Admit(limiter);

        Assert.NotNull(refusal);
        Assert.False(refusal.Tokens);
        Assert.Equal((3L, 3L, 1L), (refusal.Limit, refusal.Used, refusal.Requested));

        // The oldest request (t = 0) leaves the window at t = 60 s; it is now t = 3 s.
        Assert.Equal(TimeSpan.FromSeconds(57).Ticks, refusal.RetryAfterTicks);
    }

    [Fact]
    public void A_request_is_admitted_again_exactly_when_the_oldest_leaves_the_window()
    {
        var time = new FakeTimeProvider();
        var limiter = new RateLimiter(time, requestsPerMinute: 2, tokensPerMinute: null);
        Assert.Null(Admit(limiter));
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Null(Admit(limiter));

        time.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromMilliseconds(1));
        var refusal = Admit(limiter);
        Assert.NotNull(refusal);
        Assert.Equal(TimeSpan.FromMilliseconds(1).Ticks, refusal.RetryAfterTicks);

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(Admit(limiter));

        // The window slides, it does not reset: the t = 30 s request still counts until t = 90 s.
        Assert.NotNull(Admit(limiter));
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Null(Admit(limiter));
    }

    [Fact]
    public void Refused_requests_are_not_counted()
    {
        var time = new FakeTimeProvider();
        var limiter = new RateLimiter(time, requestsPerMinute: 1, tokensPerMinute: null);
        Assert.Null(Admit(limiter));
        for (var i = 0; i < 10; i++)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            Assert.NotNull(Admit(limiter));
        }

        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Null(Admit(limiter));
    }

    [Fact]
    public void Tokens_are_limited_by_their_sum_and_retry_waits_for_enough_to_leave()
    {
        var time = new FakeTimeProvider();
        var limiter = new RateLimiter(time, requestsPerMinute: null, tokensPerMinute: 1000);
        Assert.Null(Admit(limiter, tokens: 400));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Null(Admit(limiter, tokens: 400));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Null(Admit(limiter, tokens: 200));

        var refusal = Admit(limiter, tokens: 500);

        Assert.NotNull(refusal);
        Assert.True(refusal.Tokens);
        Assert.Equal((1000L, 1000L, 500L), (refusal.Limit, refusal.Used, refusal.Requested));

        // 500 tokens need the first two requests (800 tokens) gone: the second leaves at t = 70 s, now is 20 s.
        Assert.Equal(TimeSpan.FromSeconds(50).Ticks, refusal.RetryAfterTicks);
        Assert.Null(Admit(limiter, tokens: 0));
    }

    [Fact]
    public void A_request_over_the_token_limit_on_its_own_is_too_large_whatever_the_window_holds()
    {
        var limiter = new RateLimiter(new FakeTimeProvider(), requestsPerMinute: 5, tokensPerMinute: 100);

        var refusal = Admit(limiter, tokens: 101);

        Assert.NotNull(refusal);
        Assert.True(refusal.TooLarge);
        Assert.Equal((100L, 101L), (refusal.Limit, refusal.Requested));
        Assert.Null(Admit(limiter, tokens: 100));
    }

    [Fact]
    public void Each_key_and_each_model_has_its_own_window_and_a_request_counts_in_both()
    {
        var time = new FakeTimeProvider();
        var limiter = new RateLimiter(time, requestsPerMinute: 2, tokensPerMinute: null);
        Assert.Null(Admit(limiter, "a", "m1"));
        Assert.Null(Admit(limiter, "a", "m2"));

        var keyFull = Admit(limiter, "a", "m3");
        Assert.Null(Admit(limiter, "b", "m1"));
        var modelFull = Admit(limiter, "c", "m1");
        Assert.Null(Admit(limiter, "c", "m2"));

        Assert.Equal(RateLimitScope.ApiKey, keyFull?.Scope);
        Assert.Equal(RateLimitScope.Model, modelFull?.Scope);
    }

    [Fact]
    public void The_refusal_reported_is_the_one_with_the_longest_wait()
    {
        var time = new FakeTimeProvider();
        var limiter = new RateLimiter(time, requestsPerMinute: 1, tokensPerMinute: null);
        Assert.Null(Admit(limiter, "a", "m1"));
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Null(Admit(limiter, "b", "m2"));

        // Key a frees at t = 60 s, model m2 at t = 80 s: the model is what the client must wait for.
        var refusal = Admit(limiter, "a", "m2");

        Assert.Equal(RateLimitScope.Model, refusal?.Scope);
        Assert.Equal(TimeSpan.FromSeconds(60).Ticks, refusal?.RetryAfterTicks);
    }

    [Fact]
    public void Status_reports_the_tighter_window_and_the_time_until_it_is_empty()
    {
        var time = new FakeTimeProvider();
        var limiter = new RateLimiter(time, requestsPerMinute: 10, tokensPerMinute: 1000);
        limiter.TryAdmit("a", "m", 100, out _);
        time.Advance(TimeSpan.FromSeconds(15));
        limiter.TryAdmit("b", "m", 50, out _);
        time.Advance(TimeSpan.FromSeconds(5));

        limiter.TryAdmit("a", "other", 30, out var status);

        // Key a: 2 requests, 130 tokens; model "other": 1 request, 30 tokens. Key a's newest entry is from now.
        Assert.Equal(new RateLimitStatus(10, 8, Minute.Ticks, 1000, 870, Minute.Ticks), status);
        time.Advance(TimeSpan.FromSeconds(1));
        limiter.TryAdmit("z", "m", 0, out status);

        // Model m: 3 requests (t = 0, 15, 21 s), 150 tokens; newest now → empty in 60 s.
        Assert.Equal(new RateLimitStatus(10, 7, Minute.Ticks, 1000, 850, Minute.Ticks), status);
    }

    [Fact]
    public void Requests_within_the_resolution_share_one_entry_and_leave_with_the_latest_of_them()
    {
        var time = new FakeTimeProvider();
        var limiter = new RateLimiter(time, requestsPerMinute: 2, tokensPerMinute: null);
        Assert.Null(Admit(limiter));
        time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Null(Admit(limiter));

        time.Advance(TimeSpan.FromSeconds(60) - TimeSpan.FromMilliseconds(50));
        var refusal = Admit(limiter);

        // Both entries are merged (100 ms resolution) and leave together, 50 ms later than the first alone would.
        Assert.Equal(TimeSpan.FromMilliseconds(50).Ticks, refusal?.RetryAfterTicks);
        time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Null(Admit(limiter));
        Assert.Null(Admit(limiter));
    }

    [Fact]
    public void Memory_is_bounded_whatever_the_number_of_models()
    {
        var time = new FakeTimeProvider();
        var limiter = new RateLimiter(time, requestsPerMinute: 5, tokensPerMinute: null, maxWindowsPerTable: 64);

        for (var i = 0; i < 10_000; i++)
        {
            limiter.TryAdmit("k" + (i % 3), "model-" + i, 1, out _);
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        // 3 keys + at most 64 models.
        Assert.InRange(limiter.WindowCount, 3, 3 + 64);
    }

    [Fact]
    public void Windows_that_emptied_are_dropped_first_and_busy_ones_keep_their_counts()
    {
        var time = new FakeTimeProvider();
        var limiter = new RateLimiter(time, requestsPerMinute: 1, tokensPerMinute: null, maxWindowsPerTable: 4);
        Assert.Null(Admit(limiter, "k1", "a"));
        Assert.Null(Admit(limiter, "k2", "b"));
        Assert.Null(Admit(limiter, "k3", "c"));
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Null(Admit(limiter, "k4", "d"));
        time.Advance(TimeSpan.FromSeconds(31));

        // Both tables are full; a, b, c (and k1-k3) have emptied and make room, while d still counts until t = 90 s.
        Assert.Null(Admit(limiter, "k5", "e"));
        var refusal = Admit(limiter, "k6", "d");

        Assert.Equal(RateLimitScope.Model, refusal?.Scope);
        Assert.Equal(TimeSpan.FromSeconds(29).Ticks, refusal?.RetryAfterTicks);
        Assert.Equal(3 + 2, limiter.WindowCount);
    }
}
