# Figure 11: lat_proc-style latencies, median with min..max, per group.
# gnuplot -e "dir='...'" fig11.gp
set terminal pngcairo size 900,500 font ",10"
set output dir.'/fig11.png'
set title 'Figure 11: process creation latency (median of rounds, bars: min..max)'
set ylabel 'microseconds per process'
set style data histograms
set style histogram errorbars gap 1 lw 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set grid ytics
set yrange [0:*]
set key top left
plot dir.'/fig11.dat' using 2:3:4:xtic(1) title 'cache-disabled', \
     '' using 5:6:7 title 'cache-pre-enabled', \
     '' using 8:9:10 title 'cache-dynamic-enabled', \
     '' using 11:12:13 title 'relaxed (insecure)'
