using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(FakeAI.Benchmarks.TokenEmissionBenchmarks).Assembly).Run(args);
