import PTRHTTP

try await ServiceApplication.main(.pipeQueue, build: buildApplication)
